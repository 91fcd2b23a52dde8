export type ProfileErrorCode = "PROFILE_NOT_FOUND" | "PROFILE_INVALID" | "PROFILE_BAD_OPTION" | "PROFILE_PROVIDER" | "PROFILE_INTERRUPTED";

/** A mistake or failure a user of `skvm profile` sees: a code, what and where, and what to do. */
export class ProfileError extends Error {
  constructor(
    readonly code: ProfileErrorCode,
    detail: string,
    readonly hint: string,
  ) {
    super(`${code}: ${detail}`);
    this.name = "ProfileError";
  }
}
