"""The reference for the scan's pydantic rules: runs each pattern file of
tests/patterns/python/pydantic_*.py under the real pydantic-settings (and
pydantic 1 as `pydantic.v1`) and checks that the variables tests/patterns.rs
expects are the ones pydantic-settings reads, and that names it does not
read are ignored.

Not run by CI (it needs pydantic-settings); run it by hand after changing a
pydantic rule or pattern file:

    pip install pydantic-settings   # checked with 2.14.1, pydantic 2.13.4
    python3 jwt-config-scan/tests/reference/check_pydantic.py

It exits 1 if any answer differs.
"""
import os
import sys
import warnings

# pydantic 1's `BaseSettings` warns that aliases name no variable: the
# point of one of the checks.
warnings.simplefilter("ignore")
P = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "patterns", "python") + os.sep

def load(name, v1=False):
    """The settings class of pattern file `name`; a pydantic 1 file is run
    against `pydantic.v1`, which is what pydantic 2 ships of it."""
    src = open(P + name).read()
    if v1:
        src = src.replace("import pydantic\n", "import pydantic.v1 as pydantic\n").replace("from pydantic import", "from pydantic.v1 import")
    mod = type(sys)("m")
    exec(compile(src, name, "exec"), mod.__dict__)
    return mod.Settings if hasattr(mod, "Settings") else mod.JwtSettings

def value(cls, env, field, v1=False):
    """`field` of `cls` loaded with exactly the variables `env` (among
    those the pattern files could read)."""
    for k in list(os.environ):
        if k.upper().startswith(("JWT", "APP", "TOKEN", "AUDIENCE", "ALGO", "ISSUER", "IGNORED", "ACCESS")): del os.environ[k]
    os.environ.update(env)
    obj = cls()
    return getattr(obj, field)

ok = True
def check(name, field, env, expected, v1=False, base=None):
    """Prints whether `field` of pattern file `name` is `expected` when the
    environment holds `base` and `env`."""
    global ok
    cls = load(name, v1)
    got = value(cls, {**(base or {}), **env}, field, v1)
    got = got.get_secret_value() if hasattr(got, "get_secret_value") else got
    status = "ok " if got == expected else "BAD"
    if got != expected: ok = False
    print(f"{status} {name}: {field} with {env} -> {got!r} (expected {expected!r})")

S = {"JWT_SECRET_KEY": "s" * 8}
check("pydantic_env_prefix.py", "access_token_expire_minutes", {"JWT_ACCESS_TOKEN_EXPIRE_MINUTES": "5"}, 5, base=S)
check("pydantic_env_prefix.py", "access_token_expire_minutes", {}, 30, base=S)
check("pydantic_env_prefix.py", "issuer", {"JWT_ISSUER": "x"}, "x", base=S)
check("pydantic_env_prefix.py", "secret_key", {"JWT_SECRET_KEY": "k" * 9}, "k" * 9)
check("pydantic_alias.py", "access_minutes", {"JWT_ACCESS_EXPIRY_MINUTES": "5"}, 5)
check("pydantic_alias.py", "access_minutes", {"JWT_ACCESS_MINUTES": "5"}, 15)
check("pydantic_validation_alias.py", "leeway", {"JWT_LEEWAY_SECONDS": "5"}, 5)
check("pydantic_validation_alias.py", "leeway", {"IGNORED": "5", "APP_LEEWAY": "6"}, 10)
for var in ["JWT_ACCESS_TOKEN_EXPIRE_MINUTES", "JWT_ACCESS_EXPIRY_MINUTES", "TOKEN_MINUTES"]:
    check("pydantic_alias_choices.py", "access_token_expire_minutes", {var: "5"}, 5)
check("pydantic_alias_choices.py", "access_token_expire_minutes", {}, 30)
check("pydantic_default_factory.py", "jwt_issuer", {"JWT_AUDIENCE": "a"}, "netra")
check("pydantic_default_factory.py", "jwt_issuer", {"JWT_AUDIENCE": "a", "JWT_ISSUER": "i"}, "i")
check("pydantic_default_factory.py", "jwt_audience", {"JWT_AUDIENCE": "a"}, "a")
V1S = {"JWT_SECRET_KEY": "k"}
check("pydantic_v1_config.py", "access_token_expire_minutes", {"JWT_ACCESS_TOKEN_EXPIRE_MINUTES": "5"}, 5, v1=True, base=V1S)
check("pydantic_v1_config.py", "issuer", {"JWT_ISSUER": "i"}, "i", v1=True, base=V1S)
check("pydantic_v1_config.py", "issuer", {"ISSUER_ALIAS": "i"}, "netra", v1=True, base=V1S)
check("pydantic_v1_config.py", "secret", {"JWT_SECRET": "k2"}, "k2", v1=True)
check("pydantic_v1_config.py", "secret", {"JWT_SECRET_KEY": "k3"}, "k3", v1=True)
check("pydantic_v1_bare_import.py", "algorithm", {"JWT_ALGORITHM": "RS256"}, "RS256", v1=True)
check("pydantic_v1_bare_import.py", "algorithm", {"ALGO": "RS256"}, "HS256", v1=True)
check("pydantic_class_keywords.py", "ISSUER", {"JWT_ISSUER": "i"}, "i")
check("pydantic_class_keywords.py", "ISSUER", {"jwt_issuer": "i"}, "netra")
check("pydantic_class_keywords.py", "audience", {"AUDIENCE_LIST": "a"}, "a")
check("pydantic_class_keywords.py", "audience", {"JWT_audience": "b"}, "b")
check("pydantic_class_keywords.py", "audience", {"JWT_AUDIENCE": "b"}, "web")
check("pydantic_dict_config.py", "algorithm", {"JWT_ALGORITHM": "RS256"}, "RS256")
check("pydantic_dict_config.py", "minutes", {"JWT_ACCESS_TOKEN_EXPIRE_MINUTES": "5"}, 5)
check("pydantic_dict_config.py", "minutes", {"ACCESS_TOKEN_EXPIRE_MINUTES": "5"}, 60)
check("pydantic_annotated.py", "minutes", {"JWT_ACCESS_TOKEN_EXPIRE_MINUTES": "5"}, 5)
check("pydantic_prefix_unknown.py", "minutes", {"JWT_ACCESS_TOKEN_EXPIRE_MINUTES": "5"}, 5)
check("pydantic_constant_default.py", "jwt_issuer", {}, "netra")
check("pydantic_constant_default.py", "jwt_leeway_seconds", {"JWT_LEEWAY_SECONDS": "3"}, 3)
cls = load("pydantic_not_fields.py")
print("ok " if list(cls.model_fields) == [] else "BAD", "pydantic_not_fields.py: fields", list(cls.model_fields))
print("ALL OK" if ok else "SOME BAD")
sys.exit(0 if ok else 1)
