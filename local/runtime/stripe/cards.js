// @ts-check
// Stripe's test cards (https://docs.stripe.com/testing), as the emulator treats them. Only these numbers
// are accepted on the hosted pages in test mode; in live mode every one of them is refused ("Your card
// was declined. Your request was in live mode, but used a known test card.").
//
//   4242 4242 4242 4242  Visa: succeeds.
//   4000 0566 5566 5556  Visa (debit): succeeds.
//   5555 5555 5555 4444  Mastercard: succeeds.
//   3782 822463 10005    American Express: succeeds.
//   4000 0000 0000 0341  "Attaching this card to a Customer object succeeds, but attempts to charge the
//                        customer fail": saved, then every charge is declined (card_declined).
//   4000 0000 0000 0002  Always declined (card_declined, generic_decline): it cannot even be saved.
//   4000 0000 0000 9995  Declined for insufficient funds (card_declined, insufficient_funds).
//   4000 0000 0000 0069  Declined as expired (expired_card).
//   4000 0025 0000 3155  "Requires authentication for one-time payments … if you set up this card and
//                        use the saved card for subsequent off-session payments, no further
//                        authentication is needed": saved through a setup page (the client
//                        authenticates there), it is then charged off-session.
//   4000 0027 6000 3184  "Requires authentication on all transactions, regardless of how the card is set
//                        up": every off-session charge fails with authentication_required.

/**
 * @typedef {'succeeds' | 'declined_on_charge' | 'always_declined' | 'insufficient_funds' | 'expired_card'
 *   | 'authenticate_unless_setup' | 'always_authenticate'} Behaviour
 * @typedef {{ brand: string, funding: string, behaviour: Behaviour }} TestCard
 */

/** @type {Record<string, TestCard>} */
const TEST_CARDS = {
  4242424242424242: { brand: 'visa', funding: 'credit', behaviour: 'succeeds' },
  4000056655665556: { brand: 'visa', funding: 'debit', behaviour: 'succeeds' },
  5555555555554444: { brand: 'mastercard', funding: 'credit', behaviour: 'succeeds' },
  378282246310005: { brand: 'amex', funding: 'credit', behaviour: 'succeeds' },
  4000000000000341: { brand: 'visa', funding: 'credit', behaviour: 'declined_on_charge' },
  4000000000000002: { brand: 'visa', funding: 'credit', behaviour: 'always_declined' },
  4000000000009995: { brand: 'visa', funding: 'credit', behaviour: 'insufficient_funds' },
  4000000000000069: { brand: 'visa', funding: 'credit', behaviour: 'expired_card' },
  4000002500003155: { brand: 'visa', funding: 'credit', behaviour: 'authenticate_unless_setup' },
  4000002760003184: { brand: 'visa', funding: 'credit', behaviour: 'always_authenticate' },
};

/**
 * Stripe's card errors (https://docs.stripe.com/declines/codes, https://docs.stripe.com/error-codes).
 * @type {Record<string, { code: string, decline_code?: string, message: string }>}
 */
const DECLINES = {
  generic_decline: { code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' },
  insufficient_funds: {
    code: 'card_declined',
    decline_code: 'insufficient_funds',
    message: 'Your card has insufficient funds.',
  },
  expired_card: { code: 'expired_card', message: 'Your card has expired.' },
  authentication_required: {
    code: 'authentication_required',
    decline_code: 'authentication_required',
    message: 'Your card was declined. This transaction requires authentication.',
  },
  live_mode_test_card: {
    code: 'card_declined',
    decline_code: 'test_mode_live_card',
    message: 'Your card was declined. Your request was in live mode, but used a known test card.',
  },
  incorrect_number: { code: 'incorrect_number', message: 'Your card number is incorrect.' },
};

/** The digits of a card number typed with spaces or dashes. @param {string} number */
function digitsOf(number) {
  return String(number).replace(/[\s-]/g, '');
}

/** The test card a number is, or null. @param {string} number @returns {TestCard | null} */
function testCard(number) {
  return TEST_CARDS[digitsOf(number)] ?? null;
}

/**
 * What an off-session charge of a saved card does: null when it succeeds, else the decline's name.
 * @param {Behaviour} behaviour
 */
function offSessionOutcome(behaviour) {
  switch (behaviour) {
    case 'declined_on_charge':
    case 'always_declined':
      return 'generic_decline';
    case 'insufficient_funds':
      return 'insufficient_funds';
    case 'expired_card':
      return 'expired_card';
    case 'always_authenticate':
      return 'authentication_required';
    default:
      return null;
  }
}

module.exports = { TEST_CARDS, DECLINES, testCard, digitsOf, offSessionOutcome };
