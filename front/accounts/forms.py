from django import forms
from django.utils.translation import gettext_lazy as _

from front.web.forms import FrontForm


def _username_field() -> forms.CharField:
    return forms.CharField(
        label=_("아이디"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )


def _password_field(label, autocomplete: str = "new-password", **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": autocomplete}),
        **kwargs,
    )


def _nickname_field(label=None, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label or _("닉네임"),
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
        **kwargs,
    )


def _require_same(form: forms.Form, first: str, second: str) -> None:
    """A typed-twice password must match; the message sits at the second box."""
    a, b = form.cleaned_data.get(first), form.cleaned_data.get(second)
    if a and b and a != b:
        form.add_error(second, _("비밀번호가 서로 달라요."))


class LoginForm(FrontForm):
    username = _username_field()
    password = _password_field(_("비밀번호"), "current-password")


class NewAccountForm(FrontForm):
    """What makes a member account: used as is to upgrade a guest, plus a nickname to sign up."""

    username = _username_field()
    password = _password_field(_("비밀번호"), help_text=_("8자 이상, 너무 흔하지 않게"))
    password2 = _password_field(_("비밀번호 확인"))
    email = forms.EmailField(
        label=_("이메일 (선택)"), required=False, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )

    def clean(self):
        cleaned = super().clean()
        _require_same(self, "password", "password2")
        return cleaned


UpgradeForm = NewAccountForm


class SignupForm(NewAccountForm):
    nickname = _nickname_field()
    field_order = ["username", "nickname", "password", "password2", "email"]


class GuestForm(FrontForm):
    nickname = _nickname_field(
        help_text=_(
            "비밀번호 없이 이 닉네임으로 글과 댓글을 쓸 수 있어요. "
            "나중에 회원으로 전환해도 쓴 글은 그대로예요."
        )
    )


class NicknameForm(FrontForm):
    nickname = _nickname_field(_("새 닉네임"))


class PasswordForm(FrontForm):
    old_password = _password_field(_("지금 비밀번호"), "current-password")
    new_password = _password_field(_("새 비밀번호"))
    new_password2 = _password_field(_("새 비밀번호 확인"))

    def clean(self):
        cleaned = super().clean()
        _require_same(self, "new_password", "new_password2")
        return cleaned


class SocialSignupForm(FrontForm):
    nickname = _nickname_field(
        help_text=_(
            "다른 사람에게 보이는 이름이에요. 2~12자의 한글, 영문, 숫자, 밑줄(_). 나중에 바꿀 수 있어요."
        )
    )
