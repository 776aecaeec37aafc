const audience = process.env["JWT_AUDIENCE"] || "web";
