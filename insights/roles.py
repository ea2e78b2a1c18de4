"""Permissions each role holds for insights (synced into groups by people.services.roles_sync)."""

ROLE_PERMISSIONS = {
    "hr_analyst": ["insights.view_aggregates"],
    "administrator": ["insights.view_aggregates", "insights.view_all_organisations"],
}
