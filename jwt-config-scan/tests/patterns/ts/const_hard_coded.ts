export const DEFAULT_ACCESS_TOKEN_EXPIRE_MINUTES = 30;
const pageSize = 50;
