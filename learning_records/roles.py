ROLE_PERMISSIONS = {
    "administrator": [
        "learning_records.add_lrsclient",
        "learning_records.change_lrsclient",
        "learning_records.view_lrsclient",
        "learning_records.view_statement",
    ],
}
