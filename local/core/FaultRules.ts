/** Decides, for one subject (an invocation, a request), whether to inject a fault (undefined: none). */
export type FaultRuleOf<Subject, Fault> = (subject: Subject) => Fault | undefined;

/**
 * The fault-injection hook every service shares (`cloud.faults.*`): tests and
 * the simulator add rules instead of editing the app; rules are asked in
 * order and the first that answers decides; every fault a service injects is
 * recorded in {@link injected}.
 */
export class FaultRules<Subject, Fault, Injected> {
  readonly #rules: FaultRuleOf<Subject, Fault>[] = [];
  /** Every fault injected so far, as the service records it. */
  readonly injected: Injected[] = [];

  /** Adds a rule; returns a function that removes it. */
  add(rule: FaultRuleOf<Subject, Fault>): () => void {
    this.#rules.push(rule);
    return () => {
      const i = this.#rules.indexOf(rule);
      if (i >= 0) this.#rules.splice(i, 1);
    };
  }

  /** Whether any rule is set (a service may skip describing its subject otherwise). */
  protected get hasRules(): boolean {
    return this.#rules.length > 0;
  }

  /** The first rule's fault for `subject`, or undefined. */
  protected decide(subject: Subject): Fault | undefined {
    for (const rule of this.#rules) {
      const fault = rule(subject);
      if (fault) return fault;
    }
    return undefined;
  }
}
