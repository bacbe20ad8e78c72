from pathlib import Path

import pytest

from dm05.errors import WorkspaceError
from dm05.indicators import load_catalogue

CONTRACT_KEYS = {
    "so_chi_bo", "so_dang_vien", "chi_bo_xay_dung_ke_hoach", "dang_vien_dang_ky", "dang_vien_hoc_tap",
    "luot_quan_chung_hoc_tap", "can_bo_chu_chot", "can_bo_chu_chot_dang_ky", "tap_the_dang_ky_mo_hinh",
    "ca_nhan_dang_ky_mo_hinh", "mo_hinh_moi", "mo_hinh_nhan_rong", "hoi_nghi_hoc_tap", "luot_tham_gia_hoc_tap",
    "tap_the_khen_thuong", "ca_nhan_khen_thuong", "chi_bo_dua_vao_sinh_hoat", "chi_bo_sinh_hoat_du_12_ky",
    "chi_bo_sinh_hoat_chuyen_de", "cuoc_kiem_tra_giam_sat", "sang_kien", "tin_bai_tuyen_truyen", "xep_loai_htxs",
    "xep_loai_htt", "xep_loai_ht", "xep_loai_kht", "so_ky_sinh_hoat_dinh_ky", "so_ky_sinh_hoat_chuyen_de",
    "ti_le_dang_vien_dang_ky", "ti_le_dang_vien_hoc_tap", "ti_le_chi_bo_dua_vao_sinh_hoat",
    "ti_le_can_bo_chu_chot_dang_ky", "ti_le_chi_bo_xay_dung_ke_hoach", "ti_le_chi_bo_sinh_hoat_du_12_ky",
    "ti_le_chi_bo_sinh_hoat_chuyen_de", "ti_le_htxs", "ti_le_htt_tro_len",
}


def test_builtin_catalogue_has_exactly_the_contract_keys() -> None:
    cat = load_catalogue()
    assert set(cat.by_key) == CONTRACT_KEYS


def test_builtin_kinds_and_rules() -> None:
    cat = load_catalogue()
    assert cat.by_key["so_dang_vien"].kind == "count" and cat.by_key["so_dang_vien"].temporal == "stock"
    assert cat.by_key["mo_hinh_moi"].temporal == "flow"
    assert cat.by_key["dang_vien_dang_ky"].at_most == "so_dang_vien"
    t = cat.by_key["so_ky_sinh_hoat_dinh_ky"]
    assert (t.kind, t.target, t.min_per_year, t.max_per_year) == ("threshold", "chi_bo_sinh_hoat_du_12_ky", 12, 12)
    r = cat.by_key["ti_le_htt_tro_len"]
    assert r.numerator == ("xep_loai_htxs", "xep_loai_htt") and len(r.denominator) == 4
    assert cat.by_key["so_chi_bo"].cell_default == 1


def test_headers_match_by_key_label_and_alias() -> None:
    cat = load_catalogue()
    for text in ("so_dang_vien", "Số đảng viên", "TỔNG SỐ ĐẢNG VIÊN", "Tổng số\nđảng viên"):
        assert cat.lookup_header(text).key == "so_dang_vien"
    assert cat.lookup_header("Ghi chú") is None


def test_workspace_file_adds_aliases_and_new_indicators(tmp_path: Path) -> None:
    f = tmp_path / "indicators.toml"
    f.write_text('[[indicator]]\nkey = "so_dang_vien"\naliases = ["Quân số đảng"]\nrequired = true\n\n'
                 '[[indicator]]\nkey = "so_buoi_ngoai_khoa"\nlabel = "Số buổi ngoại khóa"\nkind = "count"\n',
                 encoding="utf-8")
    cat = load_catalogue(f)
    assert cat.lookup_header("Quân số đảng").key == "so_dang_vien"
    assert cat.lookup_header("Tổng số đảng viên").key == "so_dang_vien"  # built-in alias kept
    assert cat.by_key["so_dang_vien"].required
    assert cat.by_key["so_buoi_ngoai_khoa"].kind == "count"


@pytest.mark.parametrize("body,fragment", [
    ('[[indicator]]\nkey = "x"\nlabel = "X"\nkind = "ratio"\nnumerator = ["nope"]\ndenominator = ["so_dang_vien"]\n', "nope"),
    ('[[indicator]]\nkey = "x"\nlabel = "Số đảng viên"\nkind = "count"\n', "names both"),
    ('[[indicator]]\nkey = "x"\nlabel = "X"\nkind = "sum"\n', "kind"),
    ('[[indicator\n', "TOML"),
])
def test_bad_workspace_catalogue_is_a_clear_error(tmp_path: Path, body: str, fragment: str) -> None:
    f = tmp_path / "indicators.toml"
    f.write_text(body, encoding="utf-8")
    with pytest.raises(WorkspaceError) as e:
        load_catalogue(f)
    assert fragment in e.value.message("en") and "indicators.toml" in e.value.message("en")
