export class Signer {
  accessTokenExpireMinutes = 30;
}
