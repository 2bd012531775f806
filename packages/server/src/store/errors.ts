/** Errors the store throws at its edge; the HTTP layer turns them into problem details. */
export class StoreError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StoreError';
  }
}

/** DATABASE_URL names a database this build cannot open yet. */
export class UnsupportedDatabaseError extends StoreError {
  constructor(message: string) {
    super('unsupported-database', message);
    this.name = 'UnsupportedDatabaseError';
  }
}

/** A batch is inconsistent (a performance names a show or venue the source never gave, an unreadable date…): nothing was written. */
export class ImportIntegrityError extends StoreError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('import-integrity', message, options);
    this.name = 'ImportIntegrityError';
  }
}

/** The record asked for does not exist. */
export class NotFoundError extends StoreError {
  constructor(message: string) {
    super('not-found', message);
    this.name = 'NotFoundError';
  }
}

/** A request the data does not allow (splitting the only record of a show, restoring a version that never existed…). */
export class ConflictError extends StoreError {
  constructor(message: string) {
    super('conflict', message);
    this.name = 'ConflictError';
  }
}

/** An argument the store refuses (a policy outside its ranges, a malformed date…). */
export class InvalidInputError extends StoreError {
  constructor(message: string) {
    super('invalid-input', message);
    this.name = 'InvalidInputError';
  }
}

/** A full feed with no readable record: taken as is, it would cancel the source's whole programme. Nothing was written. */
export class EmptyFeedError extends Error {
  constructor(message = 'this full feed holds no readable record: nothing was imported, nothing cancelled') {
    super(message);
    this.name = 'EmptyFeedError';
  }
}

/**
 * A full feed would cancel more than half of the source's upcoming performances, and the import did not
 * say `confirmCancel`: nothing was written.
 */
export class MassCancellationError extends Error {
  constructor(
    readonly wouldCancel: number,
    readonly upcoming: number,
  ) {
    super(
      `this full feed would cancel ${wouldCancel} of the source's ${upcoming} upcoming performances ` +
        '(more than half): nothing was imported; send it again with confirmCancel if that is meant',
    );
    this.name = 'MassCancellationError';
  }
}
