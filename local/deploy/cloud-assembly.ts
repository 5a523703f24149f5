import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A CloudFormation template, as the CDK synthesizes it. */
export interface Template {
  readonly Parameters?: Record<string, { Type: string; Default?: unknown }>;
  readonly Conditions?: Record<string, unknown>;
  readonly Resources: Record<string, TemplateResource>;
  readonly Description?: string;
  readonly Outputs?: Record<
    string,
    { Value: unknown; Description?: string; Export?: { Name: unknown }; Condition?: string }
  >;
}

/** One resource of a template. */
export interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly DependsOn?: string | string[];
  readonly Condition?: string;
  readonly Metadata?: Record<string, unknown>;
  readonly DeletionPolicy?: string;
}

/** One stack of the assembly. */
export interface AssemblyStack {
  /** Artifact id, e.g. `eventline-dev-Core`. */
  readonly id: string;
  /** Stack name as deployed. */
  readonly stackName: string;
  readonly template: Template;
  /** Ids of the stacks this one depends on. */
  readonly dependencies: readonly string[];
}

/** A synthesized cloud assembly (`cdk.out`), its stacks in deployment order. */
export interface CloudAssembly {
  readonly directory: string;
  readonly stacks: readonly AssemblyStack[];
}

interface ManifestArtifact {
  readonly type: string;
  readonly properties?: { templateFile?: string; stackName?: string };
  readonly dependencies?: readonly string[];
  readonly displayName?: string;
}

/** The assembly is missing or malformed. */
export class CloudAssemblyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CloudAssemblyError';
  }
}

/**
 * Reads `manifest.json` and every stack template of a cloud assembly, and
 * orders the stacks so each comes after the stacks it depends on (its
 * `dependencies` in the manifest, which the CDK derives from cross-stack
 * references). Nested assemblies (stages) are not read.
 */
export function readCloudAssembly(directory: string): CloudAssembly {
  const manifestPath = join(directory, 'manifest.json');
  let manifest: { artifacts?: Record<string, ManifestArtifact> };
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch (error) {
    throw new CloudAssemblyError(
      `cannot read ${manifestPath} (run \`npm run synth\` first): ${(error as Error).message}`,
    );
  }
  const artifacts = manifest.artifacts ?? {};
  const stackIds = Object.keys(artifacts).filter(
    (id) => artifacts[id]?.type === 'aws:cloudformation:stack',
  );
  const stacks = new Map<string, AssemblyStack>();
  for (const id of stackIds) {
    const artifact = artifacts[id] as ManifestArtifact;
    const templateFile = artifact.properties?.templateFile;
    if (!templateFile) throw new CloudAssemblyError(`stack ${id} has no templateFile`);
    const template = JSON.parse(readFileSync(join(directory, templateFile), 'utf8')) as Template;
    stacks.set(id, {
      id,
      stackName: artifact.properties?.stackName ?? id,
      template,
      // Asset manifests are dependencies too; only stacks order deployment.
      dependencies: (artifact.dependencies ?? []).filter((d) => stackIds.includes(d)),
    });
  }
  return { directory, stacks: orderByDependencies([...stacks.values()]) };
}

function orderByDependencies(stacks: readonly AssemblyStack[]): AssemblyStack[] {
  const byId = new Map(stacks.map((s) => [s.id, s]));
  const ordered: AssemblyStack[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (stack: AssemblyStack, trail: string[]) => {
    const seen = state.get(stack.id);
    if (seen === 'done') return;
    if (seen === 'visiting') {
      throw new CloudAssemblyError(`stack dependency cycle: ${[...trail, stack.id].join(' -> ')}`);
    }
    state.set(stack.id, 'visiting');
    for (const dep of stack.dependencies) {
      const target = byId.get(dep);
      if (target) visit(target, [...trail, stack.id]);
    }
    state.set(stack.id, 'done');
    ordered.push(stack);
  };
  for (const stack of stacks) visit(stack, []);
  return ordered;
}

/**
 * Orders a template's resources so each comes after those it references
 * (`Ref`, `Fn::GetAtt`, `Fn::Sub` names, `DependsOn`).
 */
export function orderResources(template: Template): string[] {
  const ids = Object.keys(template.Resources);
  const known = new Set(ids);
  const deps = new Map<string, Set<string>>();
  for (const id of ids) {
    const resource = template.Resources[id] as TemplateResource;
    const found = new Set<string>();
    collectReferences(resource.Properties, known, found);
    const dependsOn = resource.DependsOn;
    for (const d of typeof dependsOn === 'string' ? [dependsOn] : (dependsOn ?? [])) found.add(d);
    found.delete(id);
    deps.set(id, found);
  }
  const ordered: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, trail: string[]) => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') {
      throw new CloudAssemblyError(`resource dependency cycle: ${[...trail, id].join(' -> ')}`);
    }
    state.set(id, 'visiting');
    for (const dep of deps.get(id) ?? []) visit(dep, [...trail, id]);
    state.set(id, 'done');
    ordered.push(id);
  };
  for (const id of ids) visit(id, []);
  return ordered;
}

function collectReferences(value: unknown, known: Set<string>, found: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) collectReferences(item, known, found);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    if (key === 'Ref' && typeof inner === 'string' && known.has(inner)) found.add(inner);
    else if (key === 'Fn::GetAtt') {
      const target = Array.isArray(inner) ? inner[0] : String(inner).split('.')[0];
      if (typeof target === 'string' && known.has(target)) found.add(target);
      collectReferences(inner, known, found);
    } else if (key === 'Fn::Sub') {
      const text = Array.isArray(inner) ? inner[0] : inner;
      if (typeof text === 'string') {
        for (const match of text.matchAll(/\$\{([^}.!]+)[^}]*\}/g)) {
          if (known.has(match[1] as string)) found.add(match[1] as string);
        }
      }
      collectReferences(inner, known, found);
    } else collectReferences(inner, known, found);
  }
}
