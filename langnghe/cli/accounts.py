"""``langnghe serve`` (the web app), ``langnghe users`` (accounts and roles) and ``langnghe keys``
(API keys). The first admin is made here, by a command: the app has no default password."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from langnghe.cli import DataDir, ConfigDir, _settings, console, out
from langnghe.cli.chrome import Command, Group
from langnghe.errors import InputError

if TYPE_CHECKING:
    from langnghe.app import App

users_app: typer.Typer = typer.Typer(no_args_is_help=True, cls=Group, help="Người dùng của ứng dụng web: thêm, liệt kê, khóa, đặt lại mật khẩu.")
keys_app: typer.Typer = typer.Typer(no_args_is_help=True, cls=Group, help="Khóa API: tạo (hiện một lần) và thu hồi.")
ROLE_HELP = "Vai trò: admin (quản trị), analyst (phân tích viên), viewer (người xem), collaborator (cộng tác viên)."
CLI_ACTOR = "dòng lệnh"


def serve(
    host: Annotated[str, typer.Option(help="Địa chỉ lắng nghe (mặc định chỉ máy này).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Cổng.")] = 8000,
    data_dir: DataDir = None,
    config_dir: ConfigDir = None,
) -> None:
    """Serve the web app and the HTTP API until Ctrl-C."""
    import uvicorn

    from langnghe.web.app import create_app

    settings = _settings(data_dir, config_dir)
    web = create_app(settings)
    if not web.state.langnghe.app.accounts.users():
        console.print("Chưa có người dùng nào: tạo quản trị viên đầu tiên bằng "
                      "`langnghe users add TÊN --role admin`.", style="yellow", highlight=False, soft_wrap=True)  # fmt: skip
    out.print(f"Ứng dụng web: http://{host}:{port}/ (Ctrl-C để dừng)", highlight=False, soft_wrap=True)
    uvicorn.run(web, host=host, port=port, log_level="warning", proxy_headers=False)


def _password(given_on_stdin: bool, prompt: str = "Mật khẩu") -> str:
    if given_on_stdin:
        return sys.stdin.readline().rstrip("\n")
    return str(typer.prompt(prompt, hide_input=True, confirmation_prompt=True))


@users_app.command(cls=Command, name="add", help="Thêm một người dùng (mật khẩu hỏi hai lần, hoặc đọc từ stdin với --password-stdin).")
def users_add(
    username: Annotated[str, typer.Argument(help="Tên đăng nhập: chữ thường không dấu, số, . _ -.")],
    role: Annotated[str, typer.Option(help=ROLE_HELP)] = "analyst",
    name: Annotated[Optional[str], typer.Option(help="Tên hiển thị (mặc định: tên đăng nhập).")] = None,
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="Đọc mật khẩu từ dòng đầu của stdin.")] = False,
    data_dir: DataDir = None,
) -> None:
    """Add a user (the password is asked twice, or read from stdin)."""
    from langnghe.app import App
    from langnghe.web.auth import ROLE_VI

    with App(_settings(data_dir)) as application:
        user = application.accounts.add_user(username, _password(password_stdin), role, name)
        _audit(application, "user_change", f"thêm {user.username} ({user.role})")
    out.print(f"Đã thêm {user.username} ({user.display_name}), vai trò {ROLE_VI[user.role]}.", highlight=False)


@users_app.command(cls=Command, name="list", help="Liệt kê người dùng, vai trò và trạng thái.")
def users_list(data_dir: DataDir = None) -> None:
    from langnghe.app import App
    from langnghe.web.auth import ROLE_VI

    with App(_settings(data_dir)) as application:
        found = application.accounts.users()
    if not found:
        out.print("Chưa có người dùng nào; thêm bằng `langnghe users add TÊN --role admin`.", highlight=False)
    for user in found:
        state = "đã khóa" if user.disabled else "đang dùng"
        out.print(f"{user.username}\t{user.display_name}\t{ROLE_VI[user.role]}\t{state}", highlight=False, markup=False)


def _user_id(application: App, username: str) -> int:
    user = application.accounts.user_by_name(username)
    if user is None:
        raise InputError(f"không có người dùng {username!r}")
    return user.id


def _audit(application: App, action: str, detail: str) -> None:
    """A change made from the command line, in the web app's audit log (who: "dòng lệnh")."""
    application.accounts.audit(action, detail, username=CLI_ACTOR, user_id=None, address="cli")


@users_app.command(cls=Command, name="disable", help="Khóa một tài khoản (phiên đăng nhập và khóa API của họ ngừng có hiệu lực); --enable để mở lại.")
def users_disable(
    username: Annotated[str, typer.Argument(help="Tên đăng nhập.")],
    enable: Annotated[bool, typer.Option("--enable", help="Mở lại tài khoản đã khóa.")] = False,
    data_dir: DataDir = None,
) -> None:
    from langnghe.app import App

    with App(_settings(data_dir)) as application:
        application.accounts.set_disabled(_user_id(application, username), not enable)
        _audit(application, "user_change", f"{'mở lại' if enable else 'khóa'} {username}")
    out.print(f"Đã {'mở lại' if enable else 'khóa'} tài khoản {username}.", highlight=False)


@users_app.command(cls=Command, name="reset", help="Đặt mật khẩu mới cho một người dùng (các phiên đăng nhập cũ kết thúc).")
def users_reset(
    username: Annotated[str, typer.Argument(help="Tên đăng nhập.")],
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="Đọc mật khẩu từ dòng đầu của stdin.")] = False,
    data_dir: DataDir = None,
) -> None:
    from langnghe.app import App

    with App(_settings(data_dir)) as application:
        user_id = _user_id(application, username)
        application.accounts.set_password(user_id, _password(password_stdin, "Mật khẩu mới"))
        _audit(application, "user_change", f"đặt lại mật khẩu {username}")
    out.print(f"Đã đặt mật khẩu mới cho {username}.", highlight=False)


@keys_app.command(cls=Command, name="create", help="Tạo khóa API cho một người dùng; khóa chỉ hiện một lần.")
def keys_create(
    username: Annotated[str, typer.Argument(help="Người dùng sở hữu khóa (khóa có quyền của vai trò người đó).")],
    name: Annotated[str, typer.Option(help="Tên gợi nhớ của khóa.")] = "khóa API",
    data_dir: DataDir = None,
) -> None:
    from langnghe.app import App

    with App(_settings(data_dir)) as application:
        record, key = application.accounts.create_key(_user_id(application, username), name)
        _audit(application, "api_key", f"tạo khóa {record.prefix}… cho {username}")
    console.print(f"Khóa API {record.prefix}… của {username} (chỉ hiện lần này, hãy lưu lại):", highlight=False)
    out.print(key, highlight=False, markup=False)


@keys_app.command(cls=Command, name="revoke", help="Thu hồi một khóa API theo phần đầu của nó (ví dụ lnk_AbCd1234).")
def keys_revoke(
    prefix: Annotated[str, typer.Argument(help="Phần đầu của khóa, như `langnghe keys create` đã in.")],
    data_dir: DataDir = None,
) -> None:
    from langnghe.app import App

    with App(_settings(data_dir)) as application:
        record = application.accounts.revoke_key(prefix.rstrip("…").strip()[:12])
        _audit(application, "api_key", f"thu hồi khóa {record.prefix}…")
    out.print(f"Đã thu hồi khóa {record.prefix}….", highlight=False)
