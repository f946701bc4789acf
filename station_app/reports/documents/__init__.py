"""The mediation documents (人民调解文书) and the bound case file (卷宗), printed from the case.

``kinds`` says which documents exist and which apply to a case; ``case_context`` turns a case
into the plain values the templates print; ``docx_render`` fills the county's Word templates;
``pdf_render`` lays the same filled documents out as A4 PDF; ``casefile`` binds them into the
卷宗; ``api`` is what the CLI and the window call.
"""
