package auth

const AccessTokenExpireMinutes = 30
