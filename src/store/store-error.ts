/** An index that cannot be used as it is; the message is one line naming the file or folder and the fix. */
export class StoreError extends Error {}
