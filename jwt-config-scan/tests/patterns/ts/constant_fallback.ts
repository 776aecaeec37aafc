export const DEFAULT_ACCESS_TOKEN_EXPIRE_MINUTES = "30";
const LEEWAY = 10;
let JWT_ISSUER = "netra";

export function settings() {
  const minutes = Number(process.env.JWT_ACCESS_TOKEN_EXPIRE_MINUTES ?? DEFAULT_ACCESS_TOKEN_EXPIRE_MINUTES);
  const issuer = process.env.JWT_ISSUER || JWT_ISSUER;
  const leeway = getEnv("JWT_LEEWAY_SECONDS", LEEWAY);
  return { minutes, issuer, leeway };
}
