const algorithm = process.env.JWT_ALGORITHM || `RS256`;
module.exports = { algorithm };
