// The web app's server side signs session tokens.
function required(name: string): string {
  const value = process.env[name];
  if (value === undefined) {
    throw new Error(`${name} is not set`);
  }
  return value;
}

const secret: string = required("JWT_SECRET_KEY");
const algorithm = process.env["JWT_ALGORITHM"] || "HS256";

export function signingConfig(): { secret: string; algorithm: string } {
  return { secret, algorithm };
}
