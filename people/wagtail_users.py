"""Wagtail's user admin, with our user model's fields: email, name, roles and HR analyst scope."""

from wagtail.users.apps import WagtailUsersAppConfig


class PeopleUsersAppConfig(WagtailUsersAppConfig):
    user_viewset = "people.viewsets.UserViewSet"
