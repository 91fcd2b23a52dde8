// The public face of src/profile: the capability catalogue, profile files, and the profiler.
export { PRIMITIVE_IDS, PrimitiveId, LEVELS, Level, LevelOrZero, catalogue, primitive, needsTools, selectPrimitives, levelNumber, type PrimitiveEntry } from "./catalogue.js";
export { Profile, PrimitiveDetail, LevelResult, PROFILE_VERSION } from "./profile-format.js";
export { ProfileError, type ProfileErrorCode } from "./profile-error.js";
export { listProfiles, findProfile, saveProfile, readProfileFile, profilesRoot, profileId, resumeLogFor, BUNDLED_DIR, type StoredProfile, type ProfileSource } from "./store.js";
export { importProfiles, type ImportReport } from "./import.js";
export { runProfile, highestPassed, inversions, type ProfileRunOptions, type ProfileRunResult, type LevelEvent, type Prices } from "./profiler.js";
export { generateInstances, PROBE_VERSION } from "./probes/index.js";
export { DEFAULT_RUN_SETTINGS } from "./run-instance.js";
