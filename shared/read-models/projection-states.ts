import { ProjectionStateError } from './errors';
import { Keys } from './keys';
import type { ProjectionName } from './names';
import { PROJECTIONS } from './names';
import type { ReadModelTable } from './ReadModelTable';

/** Which versions of a projection exist and which one queries read. */
export interface ProjectionState {
  readonly projection: ProjectionName;
  /** The version queries read. */
  readonly active: number;
  /** A version being rebuilt beside the active one; the projector keeps it current too. */
  readonly building?: number;
}

/** The version every projection starts at. */
export const FIRST_VERSION = 1;

/**
 * Reads every projection's state (one strongly consistent query): a
 * projection with no state item is at version 1 and has no rebuild.
 */
export async function readProjectionStates(
  table: ReadModelTable,
): Promise<Record<ProjectionName, ProjectionState>> {
  const page = await table.query(Keys.projectionState('OrderSummary').pk, { consistent: true });
  const states = {} as Record<ProjectionName, ProjectionState>;
  for (const projection of PROJECTIONS) {
    const item = page.items.find((i) => i.sk === projection);
    states[projection] = {
      projection,
      active: typeof item?.active === 'number' ? item.active : FIRST_VERSION,
      ...(typeof item?.building === 'number' ? { building: item.building } : {}),
    };
  }
  return states;
}

/** The versions the projector writes: the active one and the one being built. */
export function versionsToWrite(state: ProjectionState): number[] {
  return state.building === undefined ? [state.active] : [state.active, state.building];
}

/**
 * Starts a rebuild: marks `active + 1` as building, so the live projector
 * writes it from now on while the rebuild fills it from the store.
 * @throws ProjectionStateError when a rebuild of this projection is already marked.
 * @returns the version to build.
 */
export async function beginRebuild(
  table: ReadModelTable,
  projection: ProjectionName,
): Promise<number> {
  const states = await readProjectionStates(table);
  const state = states[projection];
  if (state.building !== undefined) {
    throw new ProjectionStateError(
      `projection ${projection} is already rebuilding version ${state.building}`,
    );
  }
  const building = state.active + 1;
  const ok = await table.update({
    Key: Keys.projectionState(projection),
    UpdateExpression: 'SET active = :active, building = :building',
    ConditionExpression: 'attribute_not_exists(building)',
    ExpressionAttributeValues: { ':active': state.active, ':building': building },
  });
  if (!ok) {
    throw new ProjectionStateError(`projection ${projection}: another rebuild started meanwhile`);
  }
  return building;
}

/**
 * Makes the built version active (queries read it from now on) and stops
 * writing the old one.
 * @throws ProjectionStateError when `version` is not the version being built.
 */
export async function switchToVersion(
  table: ReadModelTable,
  projection: ProjectionName,
  version: number,
): Promise<void> {
  const ok = await table.update({
    Key: Keys.projectionState(projection),
    UpdateExpression: 'SET active = :v REMOVE building',
    ConditionExpression: 'building = :v',
    ExpressionAttributeValues: { ':v': version },
  });
  if (!ok) {
    throw new ProjectionStateError(
      `projection ${projection}: version ${version} is not the version being built`,
    );
  }
}
