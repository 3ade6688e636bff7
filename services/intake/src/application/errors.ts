// Outcomes of appending that the use cases act on (the store adapter translates the event store's
// typed errors into these).
import type { StoredAnswer } from './ports';

export class StreamConflict extends Error {}

export class RequestAlreadyHandled extends Error {
  constructor(readonly answer: StoredAnswer) {
    super('request already handled');
  }
}

export class CodeTaken extends Error {}
