import { env } from "./env";

const leeway = env("JWT_LEEWAY_SECONDS", 30);
