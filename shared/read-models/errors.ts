import { EventlineError } from '../errors';

/** A read-model write kept losing its conditional check to concurrent writers. */
export class ProjectionConflictError extends EventlineError {
  constructor(projection: string, key: string, attempts: number, options?: ErrorOptions) {
    super(
      `projection ${projection}: the write of ${key} lost to concurrent writers ${attempts} times`,
      options,
    );
    this.name = 'ProjectionConflictError';
  }
}

/** A projection state change was refused (e.g. a rebuild already running). */
export class ProjectionStateError extends EventlineError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ProjectionStateError';
  }
}
