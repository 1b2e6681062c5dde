/**
 * A start-up failure the user can act on. Its message is one line that says what is wrong and what
 * to do; `npm start` prints it as it is and exits with code 1.
 */
export class StartupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StartupError';
  }
}
