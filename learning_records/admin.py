from django import forms
from django.contrib import admin, messages

from .models import ActivityProgress, LRSClient, Statement
from .services import lrs_client_create, lrs_client_rotate_secret


class LRSClientForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        choices=LRSClient.Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[LRSClient.Scope.STATEMENTS_WRITE, LRSClient.Scope.STATEMENTS_READ_MINE],
    )

    class Meta:
        model = LRSClient
        fields = ["name", "scopes", "is_active"]


@admin.register(LRSClient)
class LRSClientAdmin(admin.ModelAdmin):
    form = LRSClientForm
    list_display = ["name", "key", "is_active", "created_at"]
    readonly_fields = ["key", "created_at"]
    actions = ["rotate_secret"]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        issued = lrs_client_create(name=obj.name, scopes=form.cleaned_data["scopes"], created_by=request.user)
        obj.pk = issued.client.pk
        obj.key = issued.key
        obj.secret_hash = issued.client.secret_hash
        obj.created_at = issued.client.created_at
        obj._state.adding = False
        messages.warning(
            request, f"Key: {issued.key} — Secret: {issued.secret} — copy the secret now; it will not be shown again."
        )

    @admin.action(description="Issue a new secret (the old one stops working)")
    def rotate_secret(self, request, queryset):
        for client in queryset:
            secret = lrs_client_rotate_secret(client=client)
            messages.warning(request, f"{client.name}: key {client.key}, new secret {secret} (shown only now)")


@admin.register(Statement)
class StatementAdmin(admin.ModelAdmin):
    list_display = ["statement_id", "verb_iri", "object_activity_iri", "stored", "voided"]
    list_filter = ["voided"]
    search_fields = ["=statement_id", "object_activity_iri"]
    readonly_fields = [f.name for f in Statement._meta.fields]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ActivityProgress)
class ActivityProgressAdmin(admin.ModelAdmin):
    list_display = ["user", "activity_iri", "status", "updated"]
    list_filter = ["status"]
    readonly_fields = ["user", "activity_iri", "status", "updated"]

    def has_add_permission(self, request):
        return False
