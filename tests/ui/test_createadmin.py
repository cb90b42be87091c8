"""`rop createadmin --org NAME` (a real process) and login with the created account."""

from __future__ import annotations

from tests.support.ropenv import RopEnv


def test_createadmin_with_password_stdin(ropenv: RopEnv) -> None:
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "rop", "createadmin", "--org", "Гамма", "--username", "boss",
                           "--email", "b@example.ru", "--password-stdin"], input="very-secret-pass\n",
                          check=False, env=ropenv.env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "Administrator boss created for organisation Гамма" in proc.stdout
    check = ropenv.run(
        "shell",
        "-c",
        "from django.contrib.auth.models import User; u = User.objects.get(username='boss');"
        "print(u.profile.role, u.profile.org.name, u.check_password('very-secret-pass'))",
    )
    assert check.stdout.strip().splitlines()[-1] == "admin Гамма True"


def test_createadmin_refuses_short_password_and_missing_input(ropenv: RopEnv) -> None:
    r = ropenv.run("createadmin", "--org", "Гамма", "--username", "b", "--password", "short", check=False)
    assert r.returncode != 0 and "короткий" in r.stderr
    r = ropenv.run("createadmin", "--org", "Гамма", "--no-input", check=False)
    assert r.returncode != 0 and "Не указано" in r.stderr


def test_generate_password_if_no_users_creates_first_admin_once(db: None) -> None:
    from io import StringIO

    from django.contrib.auth import authenticate
    from django.core.management import call_command

    out = StringIO()
    call_command("createadmin", "--org", "Первая", "--username", "admin", "--generate-password",
                 "--if-no-users", "--no-input", stdout=out)
    password = out.getvalue().strip().splitlines()[-1].split(": ", 1)[1]
    assert authenticate(username="admin", password=password) is not None

    again = StringIO()
    call_command("createadmin", "--org", "Первая", "--username", "admin2", "--generate-password",
                 "--if-no-users", "--no-input", stdout=again)
    assert "nothing to do" in again.getvalue()
    assert authenticate(username="admin", password=password) is not None
