const Joi = require('joi');

// As hagopj13/node-express-boilerplate validates its environment.
const envVarsSchema = Joi.object()
  .keys({
    NODE_ENV: Joi.string().valid('production', 'development', 'test').required(),
    JWT_SECRET: Joi.string().required().description('JWT secret key'),
    JWT_ACCESS_TOKEN_EXPIRE_MINUTES: Joi.number().default(30).description('minutes'),
  })
  .unknown();

const { value: envVars } = envVarsSchema.validate(process.env);

// An object literal of a file that validates nothing is no schema.
module.exports = { jwt: { secret: envVars.JWT_SECRET } };
