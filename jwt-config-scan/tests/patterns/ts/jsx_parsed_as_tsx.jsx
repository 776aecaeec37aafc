const secret = process.env.JWT_SECRET ?? "dev";
export const App = () => <div>{secret.length}</div>;
