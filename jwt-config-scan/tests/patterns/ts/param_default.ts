export function sign(payload: object, jwtIssuer: string = "netra") {
  return { payload, jwtIssuer };
}
