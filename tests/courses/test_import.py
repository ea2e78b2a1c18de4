import json

import pytest

from courses import importing, services
from courses.models import CatalogueImport, CoursePage

pytestmark = pytest.mark.django_db

HEADER = "external_id,title,format,cost,booking_url,skills,review_by\r\n"


def prepare(provider, text, filename="catalogue.csv"):
    return services.catalogue_import_prepare(provider=provider, filename=filename, content=text.encode())


def errors_of(imp):
    return [(e["row"], e["column"], e["message"]) for e in imp.errors]


@pytest.fixture
def ready(framework, catalogue, provider, reference_data):
    return provider


@pytest.mark.parametrize(
    "row,column,message",
    [
        ("X1,Modelling,e_learning,0,,no-such-skill:working,", "skills", "Unknown skill “no-such-skill”"),
        ("X1,Modelling,e_learning,0,,data-modelling:guru,", "skills", "“guru” is not a level"),
        ("X1,Modelling,e_learning,0,notaurl,data-modelling:2,", "booking_url", "“notaurl” is not a web address"),
        ("X1,,e_learning,0,,data-modelling:2,", "title", "Enter a title."),
        ("X1,Modelling,podcast,0,,,", "format", "“podcast” is not a format"),
        ("X1,Modelling,video,£12.345,,,", "cost", "is not an amount in pounds"),
        ("X1,Modelling,video,0,,,31/12/2026", "review_by", "is not a date in the form YYYY-MM-DD"),
        (",Modelling,video,0,,,", "external_id", "Enter the provider's id"),
    ],
)
def test_each_row_error_is_reported_with_its_row_number_and_nothing_is_written(ready, row, column, message):
    good = "OK1,Fine course,video,0,https://example.org/ok,data-modelling:working,2027-01-01\r\n"
    imp = prepare(ready, HEADER + good + row + "\r\n")
    assert imp.status == CatalogueImport.Status.INVALID
    (error,) = errors_of(imp)
    assert error[0] == 3 and error[1] == column and message in error[2]
    assert imp.rows == [] and imp.preview == {}
    with pytest.raises(ValueError):
        services.catalogue_import_start(catalogue_import=imp)
    assert not CoursePage.objects.filter(provider=ready).exists()


def test_duplicate_ids_in_one_file_are_errors(ready):
    imp = prepare(ready, HEADER + "A,One,video,0,,,\r\nA,Two,video,0,,,\r\n")
    assert errors_of(imp) == [(3, "external_id", "“A” is also used in row 2.")]


@pytest.mark.parametrize(
    "filename,content,message",
    [
        ("c.csv", b"", "The file is empty."),
        ("c.csv", b"title,format\r\nA,video\r\n", "missing the column: external_id"),
        ("c.csv", "external_id,title,format\r\nA,Caf\u00e9,video\r\n".encode("latin-1"), "not UTF-8"),
        ("c.xlsx", b"PK..", "Upload a .csv or .json file."),
        ("c.json", b"{not json", "The JSON is not valid"),
        ("c.csv", b"external_id,title,format\r\n", "no courses"),
    ],
)
def test_unusable_files_are_refused_with_a_reason(ready, filename, content, message):
    with pytest.raises(importing.ImportFileError, match=message):
        services.catalogue_import_prepare(provider=ready, filename=filename, content=content)
    assert not CatalogueImport.objects.exists()


def test_dry_run_then_import_then_idempotent_reimport(ready, django_capture_on_commit_callbacks):
    text = HEADER + (
        "DM-1,Data modelling fundamentals,virtual_classroom,395.00,https://example.org/dm1,"
        "data-modelling:working; Python:1,2027-06-30\r\n"
        "UR-1,User research basics,e_learning,,https://example.org/ur1,user-research:awareness,\r\n"
    )
    imp = prepare(ready, text)
    assert imp.status == CatalogueImport.Status.PREVIEWED
    assert imp.preview["counts"] == {"create": 2, "update": 0, "unchanged": 0}
    assert not CoursePage.objects.filter(provider=ready).exists()  # the dry run wrote nothing

    with django_capture_on_commit_callbacks(execute=True):
        services.catalogue_import_start(catalogue_import=imp, publish=True)  # eager Celery runs it on commit
    imp.refresh_from_db()
    assert imp.status == CatalogueImport.Status.DONE and imp.result["created"] == 2 and imp.done == 2
    course = CoursePage.objects.get(provider=ready, external_id="DM-1")
    assert course.live and course.cost_pence == 39500 and str(course.review_by) == "2027-06-30"
    assert sorted((cs.skill.slug, cs.level) for cs in course.skills_taught.all()) == [
        ("data-modelling", 2),
        ("python", 1),
    ]

    again = prepare(ready, text)
    assert again.preview["counts"] == {"create": 0, "update": 0, "unchanged": 2}
    with django_capture_on_commit_callbacks(execute=True):
        services.catalogue_import_start(catalogue_import=again, publish=True)
    again.refresh_from_db()
    assert again.result["unchanged"] == 2
    assert CoursePage.objects.filter(provider=ready).count() == 2
    revisions = course.revisions.count()

    changed = text.replace("Data modelling fundamentals", "Data modelling: the fundamentals")
    third = prepare(ready, changed)
    assert third.preview["counts"] == {"create": 0, "update": 1, "unchanged": 1}
    assert [i["changes"] for i in third.preview["items"] if i["action"] == "update"] == [["title"]]
    with django_capture_on_commit_callbacks(execute=True):
        services.catalogue_import_start(catalogue_import=third, publish=False)
    course.refresh_from_db()
    assert CoursePage.objects.filter(provider=ready).count() == 2
    assert course.title == "Data modelling fundamentals" and course.has_unpublished_changes  # a draft to moderate
    assert course.revisions.count() == revisions + 1


def test_json_import_with_structured_skills(ready):
    data = {
        "courses": [
            {
                "external_id": "J1",
                "title": "JSON course",
                "format": "Video",
                "duration_minutes": 45,
                "skills": [{"skill": "Data modelling", "level": "Practitioner"}],
            },
            {"external_id": "J2", "title": "Broken", "format": "video", "skills": [{"skill": "nope", "level": 2}]},
        ]
    }
    imp = prepare(ready, json.dumps(data), filename="c.json")
    assert errors_of(imp) == [(2, "skills", "Unknown skill “nope”.")]
    del data["courses"][1]
    imp = prepare(ready, json.dumps(data), filename="c.json")
    assert imp.rows[0]["skills"] == [["data-modelling", 3]] and imp.rows[0]["format"] == "video"


def test_the_downloadable_templates_import_cleanly(ready):
    from framework.models import Skill

    Skill.objects.create(version=Skill.objects.first().version, slug="data-standards", name="Data standards")
    assert prepare(ready, importing.template_csv()).errors == []
    assert prepare(ready, importing.template_json(), filename="t.json").errors == []


def test_import_admin_requires_permission_and_shows_row_errors(client, ready, make_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    learner = make_user("learner")
    client.force_login(learner)
    assert client.get("/admin/catalogue/import/").status_code in (302, 403)
    curator = make_user("curator")
    client.force_login(curator)
    upload = SimpleUploadedFile("c.csv", (HEADER + "A,,video,0,,,\r\n").encode(), content_type="text/csv")
    response = client.post("/admin/catalogue/import/", {"provider": ready.pk, "file": upload})
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "Nothing has been imported" in page and "Enter a title." in page
    template = client.get("/admin/catalogue/import/template.csv")
    assert template.status_code == 200 and template.content.startswith(b"external_id,title")
