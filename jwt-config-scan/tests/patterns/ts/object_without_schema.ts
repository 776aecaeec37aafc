// No `process.env` handed whole to anything: upper-case keys are data.
export const LIMITS = { JWT_LEEWAY_SECONDS: 30 };
