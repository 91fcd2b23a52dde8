/** Every way talking to a model can fail that a user must act on, as a stable code. */
export type ModelErrorCode =
  | "MODEL_AUTH"
  | "MODEL_NOT_FOUND"
  | "MODEL_ENDPOINT_NOT_FOUND"
  | "MODEL_UNREACHABLE"
  | "MODEL_RATE_LIMITED"
  | "MODEL_SERVER_ERROR"
  | "MODEL_BAD_REQUEST"
  | "MODEL_BAD_RESPONSE"
  | "MODEL_TIMEOUT"
  | "MODEL_ABORTED"
  | "MODEL_SAMPLING_UNAVAILABLE"
  | "MODEL_SAMPLING_FAILED"
  | "MODEL_TOOLS_UNSUPPORTED"
  | "MODEL_REPLAY_MISS"
  | "MODEL_CONFIG_INVALID";

/**
 * A model call that failed, as a value: the code is for programs, the message names the endpoint,
 * model or file, and the hint says what to do about it. `status` is the HTTP status when there was one.
 */
export class ModelError extends Error {
  readonly code: ModelErrorCode;
  readonly hint: string;
  readonly status: number | undefined;

  constructor(code: ModelErrorCode, message: string, hint: string, status?: number) {
    super(`${code}: ${message} (hint: ${hint})`);
    this.name = "ModelError";
    this.code = code;
    this.hint = hint;
    this.status = status;
  }
}
