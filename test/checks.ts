// Loaded before every unit test file (test/run.mjs): invariants the engine keeps for speed, checked
// on everything the tests do. A written stored copy is remembered as parsing its text would give
// it (core/itip/objects.ts), so that the next message about the event does not parse it again;
// here every such copy is parsed after all and compared, and a difference fails the test that
// wrote it.
import { checkWrittenCopies } from '../src/core/itip/objects.js';

checkWrittenCopies();
