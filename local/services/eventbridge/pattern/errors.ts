/** An event pattern EventBridge would refuse (`InvalidEventPatternException`). */
export class InvalidEventPatternError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidEventPatternError';
  }
}
