// The web app's server side signs session tokens.
const secret: string = process.env.JWT_SECRET_KEY ?? "dev-secret-change-me";
const algorithm = process.env["JWT_ALGORITHM"] || "HS256";

export function signingConfig(): { secret: string; algorithm: string } {
  return { secret, algorithm };
}
