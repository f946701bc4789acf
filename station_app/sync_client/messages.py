"""The one place that turns sync failures into words a station clerk understands."""

from __future__ import annotations

from station_app.sync_client.transport import FailureKind, TransportFailure

OFFLINE = "县中心服务器暂时无法连接，记录已保存在本机，恢复网络后自动上传"

_MESSAGES = {
    FailureKind.NETWORK: OFFLINE,
    FailureKind.BUSY: "县中心服务器繁忙或正在维护，记录已保存在本机，稍后自动重试",
    FailureKind.NOT_THE_SERVER: (
        "网络连到的不是县中心服务器（可能需要先在浏览器里登录上网认证页面），"
        "记录已保存在本机，恢复网络后自动上传"
    ),
    FailureKind.UNAUTHORIZED: (
        "本机尚未在县中心登记或登记已失效，请向县中心索取登记码后运行 station enroll"
    ),
    FailureKind.REVOKED: "本机的同步授权已被县中心撤销，记录仍保存在本机；请联系县中心重新登记",
    FailureKind.REFUSED: "县中心拒绝了本次请求，记录仍保存在本机；请联系县中心技术人员",
    FailureKind.CERTIFICATE: (
        "无法验证县中心服务器的证书（可能连到了冒充的服务器，或需要县中心提供的证书文件 "
        "ca.pem：登记时在“县中心证书”处选择，或用 station enroll --ca 指定），"
        "未上传任何记录，记录仍保存在本机"
    ),
    FailureKind.TOO_LARGE: "一次上传的数据过多，已自动分批；如仍失败请联系县中心技术人员",
}


def clerk_message(failure: TransportFailure) -> str:
    text = _MESSAGES[failure.kind]
    if failure.kind in (FailureKind.REFUSED,) and failure.server_message:
        text += f"（县中心说明：{failure.server_message}）"
    return text


def clock_note(offset_seconds: float) -> str | None:
    """A note when this PC's clock is far off the county's; nothing depends on it."""
    size = abs(offset_seconds)
    if size < 300:
        return None
    direction = "慢" if offset_seconds > 0 else "快"
    if size >= 86400:
        amount = f"{size / 86400:.0f}天"
    elif size >= 3600:
        amount = f"{size / 3600:.1f}小时"
    else:
        amount = f"{size / 60:.0f}分钟"
    return f"本机时钟比县中心{direction}约{amount}，请校准电脑时间（不影响同步）"
