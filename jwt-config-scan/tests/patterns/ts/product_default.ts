export const accessTokenExpireMinutes = (15 * 4);
