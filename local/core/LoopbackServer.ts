import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import { answerClientErrors, closeServer, listenOnLoopback, loopbackUrl } from './http';
import type { DeterministicScheduler, SchedulerTag } from './scheduler';
import { schedulerTag } from './scheduler';
import type { CloudLogger } from './service';

export interface LoopbackServerProps {
  /** How the server is named in its log lines (`AWS endpoint`, `HTTP API`). */
  readonly name: string;
  readonly logger: CloudLogger;
  /** @default 0 - a free port */
  readonly port?: number;
  /**
   * A deterministic run's scheduler (`local/core/scheduler.ts`): each request
   * tagged for it is held until it lets the request through ({@link admit}),
   * and reported answered when the server is done with it. Idle kept-alive
   * connections then stay open until the server closes (Node closes them
   * after 5 s by default): a client that reuses a connection the server has
   * just closed sees a reset and retries, at a moment real time decides.
   */
  readonly scheduler?: DeterministicScheduler;
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
    const scheduler = this.#serverProps.scheduler;
    const server = createServer((req, res) => {
      const tag = scheduler ? schedulerTag(req) : undefined;
      void this.answer(req, res, tag).finally(() => {
        if (tag) scheduler?.answered(tag.actor, tag.seq);
      });
    });
    if (scheduler) server.keepAliveTimeout = 0;
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

  /**
   * Answers one request, with its scheduler tag when it has one (call
   * {@link admit} once its body is read); must not reject (a failure is
   * answered or logged here).
   */
  protected abstract answer(
    req: IncomingMessage,
    res: ServerResponse,
    tag: SchedulerTag | undefined,
  ): Promise<void>;

  /** Waits until the scheduler lets a tagged request through; `label` names it in its log. */
  protected async admit(tag: SchedulerTag | undefined, label: string): Promise<void> {
    if (tag) await this.#serverProps.scheduler?.admit(tag.actor, tag.seq, label);
  }
}
