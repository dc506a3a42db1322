"""Django admin at /admin/auth/: staff find accounts, tell guests from members, (de)activate them.

Deactivation goes through services so that the account's refresh tokens stop working too,
whether staff use the list action or untick "active" on the change form.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm, UsernameField
from rest_framework.exceptions import ValidationError

from auth_service.accounts import services, tokens
from auth_service.accounts.models import NICKNAME_TAKEN, IssuedRefreshToken, RevokeReason, User
from auth_service.accounts.selectors import nickname_taken


class OptionalUsernameField(UsernameField):
    """Guests have no username: a blank one stays ``None`` (Django's field would crash on it).

    Whether the account may go without one is the model's check constraint to say.
    """

    def to_python(self, value):
        if value in self.empty_values:
            return self.empty_value
        return super().to_python(value)


class _AccountRules:
    """The model's conditional constraints, checked on the form.

    Django validates a constraint only when the form holds every field it names; ``role`` is
    read-only and the add form has no ``is_active``, so without these checks a broken rule
    ends as a database error (500) instead of a message next to the field.
    """

    def clean_username(self):
        username = self.cleaned_data.get("username")
        if username is None and not self.instance.is_guest:
            raise forms.ValidationError("회원과 운영자는 아이디가 있어야 합니다.")
        return username

    def clean(self):
        cleaned = super().clean()
        nickname = cleaned.get("nickname")
        active = cleaned.get("is_active", self.instance.is_active)
        if nickname and active and nickname_taken(nickname, exclude=self.instance):
            self.add_error("nickname", NICKNAME_TAKEN)
        return cleaned


class AccountCreationForm(_AccountRules, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "nickname", "email")
        field_classes = {"username": OptionalUsernameField}


class AccountChangeForm(_AccountRules, UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"
        field_classes = {"username": OptionalUsernameField}


@admin.register(User)
class AccountAdmin(UserAdmin):
    form = AccountChangeForm
    add_form = AccountCreationForm
    list_display = ("id", "username", "nickname", "role", "email", "is_active", "date_joined", "last_login")
    list_display_links = ("id", "username", "nickname")
    list_filter = ("role", "is_active", "is_staff", "is_superuser")
    search_fields = ("username", "nickname", "email", "=id")
    ordering = ("-date_joined",)
    readonly_fields = ("date_joined", "last_login", "role")
    actions = ["deactivate", "reactivate"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("프로필", {"fields": ("nickname", "email", "role")}),
        ("권한", {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        ("기록", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "nickname", "email", "password1", "password2")}),
    )

    def save_model(self, request, obj, form, change):
        services.user_role_follow_staff_flag(obj)
        deactivating = change and "is_active" in form.changed_data and not obj.is_active
        super().save_model(request, obj, form, change)
        if deactivating:
            services.user_deactivate(obj)

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            # A password set by staff ends every session of that account, as a user's own change does.
            user = self.get_object(request, id)
            if user is not None:
                tokens.user_refresh_tokens_revoke(user, RevokeReason.PASSWORD_CHANGED)
        return response

    @admin.action(description="선택한 사용자 비활성화 (로그인·토큰 갱신 차단)")
    def deactivate(self, request, queryset):
        users = list(queryset.filter(is_active=True))
        for user in users:
            services.user_deactivate(user)
        self.message_user(request, f"{len(users)}명을 비활성화했습니다.", messages.SUCCESS)

    @admin.action(description="선택한 사용자 다시 활성화")
    def reactivate(self, request, queryset):
        done, refused = 0, []
        for user in queryset.filter(is_active=False):
            try:
                services.user_reactivate(user)
                done += 1
            except ValidationError:
                refused.append(user.nickname)
        self.message_user(request, f"{done}명을 다시 활성화했습니다.", messages.SUCCESS)
        if refused:
            self.message_user(
                request,
                "닉네임이 이미 다른 계정에 쓰여 활성화하지 못했습니다 (닉네임을 바꾼 뒤 다시 시도): "
                + ", ".join(refused),
                messages.WARNING,
            )


@admin.register(IssuedRefreshToken)
class IssuedRefreshTokenAdmin(admin.ModelAdmin):
    list_display = ("jti", "user", "created_at", "expires_at", "revoked_at", "revoke_reason")
    list_filter = ("revoke_reason",)
    search_fields = ("jti", "user__username", "user__nickname")
    list_select_related = ("user",)
    readonly_fields = ("jti", "user", "family", "created_at", "expires_at", "revoked_at", "revoke_reason")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
