/**
 * A Discord set-up problem the operator fixes (token, intents, ids, invites): reported as its one line. In a module
 * of its own so that `npm start` can recognise it without loading discord.js, which the console never needs.
 */
export class DiscordSetupError extends Error {}
