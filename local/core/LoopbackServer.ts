import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import { answerClientErrors, closeServer, listenOnLoopback, loopbackUrl } from './http';
import type { CloudLogger } from './service';

export interface LoopbackServerProps {
  /** How the server is named in its log lines (`AWS endpoint`, `HTTP API`). */
  readonly name: string;
  readonly logger: CloudLogger;
  /** @default 0 - a free port */
  readonly port?: number;
  /**
   * How long an idle kept-alive connection stays open (Node's
   * `server.keepAliveTimeout`); 0 keeps it until the server closes. A
   * deterministic run keeps them: a client that reuses a connection the
   * server has just closed sees a reset and retries, at a moment real time
   * decides.
   * @default 5000 (Node's default)
   */
  readonly keepAliveTimeoutMs?: number;
}

/**
 * The lifecycle every HTTP server of the local cloud shares: listen on
 * 127.0.0.1 only (a free port by default), answer what Node's parser refuses
 * instead of dying, and close at once, kept-alive connections included. A
 * server (the AWS endpoint, an HTTP API) extends it with {@link answer}.
 */
export abstract class LoopbackServer {
  readonly #serverProps: LoopbackServerProps;
  #server: Server | undefined;

  constructor(props: LoopbackServerProps) {
    this.#serverProps = props;
  }

  /** Starts listening; resolves with the base URL (`http://127.0.0.1:<port>`). */
  async listen(): Promise<string> {
    const server = createServer((req, res) => this.answer(req, res));
    if (this.#serverProps.keepAliveTimeoutMs !== undefined)
      server.keepAliveTimeout = this.#serverProps.keepAliveTimeoutMs;
    answerClientErrors(server, this.#serverProps.logger, this.#serverProps.name);
    this.#server = server;
    return listenOnLoopback(server, this.#serverProps.port ?? 0);
  }

  /** The base URL. @throws Error when the server is not listening */
  get url(): string {
    return loopbackUrl(this.#server);
  }

  async close(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    await closeServer(server);
  }

  /** Answers one request; must not reject (a failure is answered or logged here). */
  protected abstract answer(req: IncomingMessage, res: ServerResponse): void;
}
