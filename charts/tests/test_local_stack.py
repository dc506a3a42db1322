"""`make run` and the live test stacks (kingdom/devstack.py): who is told where notification_service
is, and the local SMTP sink its mail goes to."""

from __future__ import annotations

import importlib.util
import smtplib
from email.message import EmailMessage

from kingdom.devstack import REPO_ROOT, SERVICES_BY_NAME, MailSink, Stack, generate_secrets


def stack(tmp_path, **fields) -> Stack:
    return Stack(
        server_url="postgresql://postgres@127.0.0.1:5432",
        secrets=generate_secrets(),
        run_dir=tmp_path,
        **fields,
    )


def test_only_a_stack_that_runs_notification_service_tells_the_others_where_it_is(tmp_path):
    without = stack(tmp_path, members=("auth", "board", "comments"))
    for name in ("board", "comments", "front"):
        env = without.env_for(name)
        assert "NOTIFICATION_SERVICE_URL" not in env, name  # so nothing is published for nobody
        assert env["BOARD_SERVICE_URL"] == without.url("board")
    with_it = stack(tmp_path, members=("auth", "sharing", "notifications"))
    assert with_it.env_for("sharing")["NOTIFICATION_SERVICE_URL"] == with_it.url("notifications")
    everything = stack(tmp_path)  # make run: every service
    assert everything.env_for("board")["NOTIFICATION_SERVICE_URL"] == everything.url("notifications")
    assert SERVICES_BY_NAME["notifications"].port == 8005


def test_notification_services_mail_goes_to_the_sink_which_keeps_each_message(tmp_path):
    sink = MailSink(tmp_path / "mail").start()
    try:
        env = stack(tmp_path, mail=sink).env_for("notifications")
        assert (env["EMAIL_HOST"], env["EMAIL_PORT"]) == ("127.0.0.1", str(sink.port))
        assert env["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
        assert "EMAIL_HOST" not in stack(tmp_path, mail=sink).env_for("board")
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = (
            "no-reply@x.kr",
            "member@x.kr",
            "핫딜 알림: 신라면",
        )
        message.set_content("농심 신라면 40봉 24,000원")
        with smtplib.SMTP(env["EMAIL_HOST"], int(env["EMAIL_PORT"])) as client:
            client.send_message(message)
            client.send_message(message)
        assert len(sink.files()) == 2
        assert all(path.suffix == ".eml" for path in sink.files())
        first = sink.messages()[0]
        assert first["Subject"] == "핫딜 알림: 신라면"
        assert first.get_content().strip() == "농심 신라면 40봉 24,000원"
    finally:
        sink.stop()


def test_make_run_starts_the_notification_worker_with_the_outbox_workers():
    # scripts/ is not a package: load scripts/run.py by its path, without touching sys.path
    spec = importlib.util.spec_from_file_location("thrift_run_script", REPO_ROOT / "scripts" / "run.py")
    run = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(run)
    assert set(run.WORKERS) == {"board", "comments", "sharing", "notifications"}
    assert SERVICES_BY_NAME["notifications"].worker == ("process_events", "--loop")
    assert run.MAIL_DIR == REPO_ROOT / ".run" / "mail"
