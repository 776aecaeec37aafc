const issuer = process.env["JWT_ISSUER"];
