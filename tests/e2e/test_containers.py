"""The container files: secrets stay out of the image, off command lines, and the
services run as an unprivileged user.

No container engine runs on the test machines, so nothing is built or started
here. The compose file is checked twice: by reading it (always), and by the
compose tool's own `config` command with a throwaway env file where a compose
tool is installed (`docker compose` or Debian's `docker-compose`, neither of
which needs an engine for `config`); REQUIRE_COMPOSE=1 turns its skip into a failure.
"""
import re
import shutil
import subprocess

import pytest
import yaml

from tests.e2e.conftest import require
from tests.e2e.harness import ROOT

SECRET_NAME = re.compile(r"password|token|secret|requirepass", re.IGNORECASE)
# What a secret-named variable may be set to in the compose file: nothing, or a
# reference resolved by compose at start-up - never a value written in the file.
REFERENCE = re.compile(r"^\$\{\w+(:\?[^}]*|:-|-)?\}$")
THROWAWAY_SECRETS = {
    "DB_PASSWORD": "throwaway-db-password-7f3a",
    "RASA_AUTH_TOKEN": "throwaway-auth-token-91c2",
    "TELEGRAM_ACCESS_TOKEN": "123456:throwaway-telegram-token-55d1",
    "TELEGRAM_SECRET_TOKEN": "throwaway-telegram-secret-0b6e",
    "SLACK_TOKEN": "xoxb-throwaway-slack-token-c4e8",
    "SLACK_SIGNING_SECRET": "throwaway-signing-secret-a9f0",
}


def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def words(value):
    """A command or entrypoint in either form, as one string."""
    if value is None:
        return ""
    return value if isinstance(value, str) else " ".join(str(part) for part in value)


def environment(service):
    """A service's environment in either form, as a dict."""
    value = service.get("environment") or {}
    if isinstance(value, list):
        return dict(item.split("=", 1) if "=" in item else (item, None) for item in value)
    return value


def env_files(service):
    value = service.get("env_file") or []
    return [value] if isinstance(value, str) else [item if isinstance(item, str) else item["path"] for item in value]


def dockerfile_instructions():
    text = re.sub(r"\\\n", " ", (ROOT / "Dockerfile").read_text())
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]
    return [tuple(line.split(None, 1)) + ("",) * (2 - len(line.split(None, 1))) for line in lines]


def dockerignored(path):
    """Whether the image build leaves `path` out, by .dockerignore's rules (the
    last matching pattern wins; a pattern matching a folder leaves out its contents)."""
    ignored = False
    for line in (ROOT / ".dockerignore").read_text().splitlines():
        pattern = line.strip()
        if not pattern or pattern.startswith("#"):
            continue
        negated = pattern.startswith("!")
        pattern = pattern.lstrip("!").strip("/")
        regex = "".join(".*" if part == "**" else re.escape(part).replace(r"\*", "[^/]*").replace(r"\?", "[^/]")
                        for part in re.split(r"(\*\*)", pattern))
        regex = regex.replace(".*/", "(.*/)?")
        if re.fullmatch(f"{regex}(/.*)?", path):
            ignored = not negated
    return ignored


def test_dotenv_is_ignored_by_git():
    for path in (".env", ".env.production", "deploy/.env"):
        result = subprocess.run(["git", "check-ignore", "--no-index", "-q", path], cwd=ROOT)
        assert result.returncode == 0, f"{path} is not ignored by git"


def test_dotenv_is_kept_out_of_the_image_build():
    for path in (".env", ".env.production", "deploy/.env", ".git/config", "conversations.db"):
        assert dockerignored(path), f"{path} would be copied into the image"
    for path in ("requirements.txt", "scripts/run.sh", "webchat/package.json", "data/rules.yml", "credentials.yml"):
        assert not dockerignored(path), f"{path} is needed by the image build"


def test_the_image_runs_as_an_unprivileged_user():
    users = [argument for instruction, argument in dockerfile_instructions() if instruction.upper() == "USER"]
    assert users, "the Dockerfile sets no USER: its containers run as root"
    user = users[-1].split(":")[0].strip()
    assert user not in ("root", "0"), f"the image's last USER is {users[-1]}"
    for name, service in compose()["services"].items():
        assert str(service.get("user", "")).split(":")[0] not in ("root", "0"), f"{name} overrides the user with root"


def test_no_secret_on_a_command_line_or_written_in_the_compose_file():
    for name, service in compose()["services"].items():
        for key in ("command", "entrypoint"):
            assert not SECRET_NAME.search(words(service.get(key))), f"{name}'s {key} carries a secret: {service[key]}"
        for variable, value in environment(service).items():
            if SECRET_NAME.search(variable) and value not in (None, ""):
                assert REFERENCE.match(str(value)), f"{name} sets {variable} to a value written in the file"


def test_the_rasa_servers_start_through_run_sh_with_secrets_from_dotenv():
    services = compose()["services"]
    servers = [name for name, service in services.items() if "rasa" in words(service.get("command")).split()]
    assert servers, "no service starts the Rasa server"
    for name in servers:
        assert words(services[name]["command"]) == "scripts/run.sh rasa", name
        assert ".env" in env_files(services[name]), f"{name} does not read its secrets from .env"
    for name, service in services.items():
        command = words(service.get("command"))
        assert "rasa run" not in command and "rasa_with_token" not in command, f"{name} bypasses scripts/run.sh"
    assert words(services["actions"]["command"]) == "scripts/run.sh actions"


def compose_checker():
    docker = shutil.which("docker")
    if docker and subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0:
        return [docker, "compose"]
    if shutil.which("docker-compose"):
        return [shutil.which("docker-compose")]
    return None


def test_compose_config_accepts_the_file_and_keeps_secrets_off_command_lines(tmp_path):
    checker = compose_checker()
    require(checker is not None, "no compose tool installed (docker compose, docker-compose)", "REQUIRE_COMPOSE")
    shutil.copy(ROOT / "docker-compose.yml", tmp_path / "docker-compose.yml")
    # Only the throwaway file may supply values: none from this machine's environment.
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(tmp_path), "DOCKER_CONFIG": str(tmp_path / ".docker")}

    missing = subprocess.run([*checker, "config"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert missing.returncode != 0, "the compose file is accepted without a .env holding its secrets"

    (tmp_path / ".env").write_text("".join(f"{name}={value}\n" for name, value in THROWAWAY_SECRETS.items()))
    result = subprocess.run([*checker, "config"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    resolved = yaml.safe_load(result.stdout)["services"]
    for name, service in resolved.items():
        command = words(service.get("command")) + " " + words(service.get("entrypoint"))
        assert not SECRET_NAME.search(command), f"{name}'s command names a secret: {command}"
        for value in THROWAWAY_SECRETS.values():
            assert value not in command, f"{name}'s command carries a secret value"
    for name in ("rasa-1", "rasa-2"):
        service = resolved[name]
        received = environment(service)
        for variable in ("RASA_AUTH_TOKEN", "DB_PASSWORD", "TELEGRAM_SECRET_TOKEN", "SLACK_SIGNING_SECRET"):
            assert (received.get(variable) == THROWAWAY_SECRETS[variable]
                    or any(path.endswith(".env") for path in env_files(service))), f"{name} never gets {variable}"
