// One seeded generator for the tests and the fuzz run, so a failing random case replays from its seed.
export { randomInt, seededRandom } from '../../bench/fuzz';
