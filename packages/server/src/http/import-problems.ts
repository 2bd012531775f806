import { ImportTooLargeError } from '../catalogue/read-feed.js';
import { ImportParseError } from '../importers/errors.js';
import { WrongFormatError } from '../importers/sniff.js';
import { EmptyFeedError, MassCancellationError } from '../store/errors.js';
import { HttpProblem } from './problem.js';

/** The problem an import error is served as, or null when it is not an import's refusal (then a 500). */
export function importProblem(error: unknown): HttpProblem | null {
  if (error instanceof ImportParseError) {
    return new HttpProblem(400, 'invalid-request', 'The file could not be read.', {
      errors: [{ path: 'body', message: error.message }],
    });
  }
  if (error instanceof WrongFormatError) {
    return new HttpProblem(422, 'wrong-format', error.message, {
      errors: [{ path: 'format', message: `the body looks like ${error.detected.description}` }],
      extensions: { detectedFormat: error.detected.format },
    });
  }
  if (error instanceof EmptyFeedError) {
    return new HttpProblem(
      422,
      'empty-feed',
      `${error.message}. A full feed lists the whole programme; send partial=true to add records only.`,
      { errors: [{ path: 'body', message: 'no readable performance' }] },
    );
  }
  if (error instanceof MassCancellationError) {
    return new HttpProblem(
      422,
      'mass-cancellation',
      error.message.replace('confirmCancel', 'confirmCancel=true'),
      {
        errors: [
          {
            path: 'confirmCancel',
            message: `${error.wouldCancel} of ${error.upcoming} upcoming performances would be cancelled`,
          },
        ],
        extensions: { wouldCancel: error.wouldCancel, upcoming: error.upcoming },
      },
    );
  }
  if (error instanceof ImportTooLargeError) {
    return new HttpProblem(413, 'import-too-large', error.message, {
      errors: [{ path: 'body', message: `${error.performances} performances (at most ${error.max})` }],
    });
  }
  return null;
}
