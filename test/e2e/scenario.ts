// What a scenario is: a name, the world it needs, and a body that drives Thunderbird and asserts.
import type { World, WorldOptions } from './world.js';

export interface Context {
  /** Records and prints a timing (kept in the test output). */
  timing(label: string, ms: number): void;
  log(message: string): void;
}

export interface Scenario {
  name: string;
  world?: WorldOptions;
  run(w: World, ctx: Context): Promise<void>;
}
