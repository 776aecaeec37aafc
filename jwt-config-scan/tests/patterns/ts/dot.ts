const secret = process.env.JWT_SECRET_KEY;
