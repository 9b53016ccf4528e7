"""Example claim-base entries for tests and the REPL (fictional, like every example here)."""

from __future__ import annotations

from langnghe.claims.model import Claim

TAP_WATER = Claim(
    id="nuoc-may", claim="Nước máy TP Cần Thơ nhiễm hóa chất, sắp cắt nước toàn thành phố 7 ngày",
    verdict="sai sự thật", published="2026-11-12", source="Trung tâm Xử lý tin giả (ví dụ)",  # type: ignore[arg-type]
    url="https://kiem-chung.example/nuoc-may",
)  # fmt: skip
LEMON = Claim(
    id="chanh", claim="Uống nước chanh nóng mỗi sáng chữa khỏi ung thư giai đoạn cuối",
    published="2026-03-02", source="Trung tâm kiểm chứng (ví dụ)",  # type: ignore[arg-type]
)  # fmt: skip
BANK_FEE = Claim(id="phi-ck", claim="Ngân hàng sẽ thu phí 50.000 đồng cho mỗi lần chuyển khoản từ tháng tới")
TRUE_ONE = Claim(id="dung", claim="Giá vé xe buýt Hà Nội tăng lên 9.000 đồng từ tháng sau", verdict="đúng")
EXAMPLE_BASE = (TAP_WATER, LEMON, BANK_FEE, TRUE_ONE)
