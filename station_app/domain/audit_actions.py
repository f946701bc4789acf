"""What each audit action is called on screen and in the exported trail."""

from __future__ import annotations

ACTION_LABELS: dict[str, str] = {
    "initialize": "初始化台账",
    "create": "新增",
    "update": "修改",
    "void": "作废",
    "confirm": "确认",
    "reveal": "查看完整号码",
    "export": "导出",
    "sign_in": "登录",
    "sign_in_failed": "登录失败",
    "sign_in_refused": "锁定期间尝试登录",
    "sign_out": "退出登录",
    "set_password": "设置密码",
    "change_password": "修改密码",
    "reset_password": "重置密码",
    "add_account": "新增账户",
    "unlock_account": "解锁账户",
    "enable_account": "启用账户",
    "disable_account": "停用账户",
    "set_policy": "修改登录策略",
    "export_recovery_key": "导出恢复密钥",
    "restore": "从备份恢复",
    "sync": "与县中心同步",
    "backup": "备份",
}

ENTITY_LABELS: dict[str, str] = {
    "consultation": "法律咨询",
    "mediation_case": "人民调解",
    "duty_log": "律师值班",
    "publicity_event": "法治宣传",
    "legal_aid_review": "法律援助初审",
    "user_account": "账户",
    "station": "工作站",
    "audit_log": "审计日志",
    "quarterly_report": "季度统计表",
}


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)


def entity_label(entity: str | None) -> str:
    return "" if entity is None else ENTITY_LABELS.get(entity, entity)
