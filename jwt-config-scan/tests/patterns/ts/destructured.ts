const {
  JWT_ISSUER,
  JWT_SECRET = 'dev-secret',
  JWT_AUDIENCE: audience = 'web',
} = process.env;
